ARG BASE=debian:bookworm-slim
FROM ${BASE}
# Debian's squid: the only way out of a networked install's internal network. Its whole
# configuration (the operator's allowlist) comes in SQUID_CONF, written by the app.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends squid \
 && rm -rf /var/lib/apt/lists/*
USER proxy
CMD ["sh", "-c", "printf '%s\\n' \"$SQUID_CONF\" > /run/squid/squid.conf && exec timeout -s KILL \"$PROXY_LIFETIME_SEC\" squid -N -f /run/squid/squid.conf"]
