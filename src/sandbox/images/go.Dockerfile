ARG BASE=debian:bookworm-slim
FROM ${BASE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends golang-go ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# Non-root user; everything it may write lives under /sandbox (a volume) or /tmp (tmpfs),
# because the root filesystem is mounted read-only.
RUN groupadd --gid 10001 sandbox \
 && useradd --uid 10001 --gid 10001 --home-dir /sandbox/home --no-create-home --shell /usr/sbin/nologin sandbox \
 && mkdir -p /sandbox/work /sandbox/home \
 && chown -R 10001:10001 /sandbox
ENV HOME=/sandbox/home \
    XDG_CACHE_HOME=/sandbox/home/.cache \
    LANG=C.UTF-8
USER 10001:10001
WORKDIR /sandbox/work
CMD ["sleep", "infinity"]
# Standard library only: no module proxy, module cache and build cache in the writable area.
ENV GOFLAGS=-mod=mod \
    GOPROXY=off \
    GOTOOLCHAIN=local \
    CGO_ENABLED=0 \
    GOPATH=/sandbox/home/go \
    GOCACHE=/sandbox/home/.cache/go-build
