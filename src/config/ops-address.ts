/** Where the ops listener (`/metrics`, the detailed `/healthz`) is served. */
export type OpsAddress = { host: string; port: number };

/** Loopback unless OPS_HOST/OPS_PORT say otherwise: the ops routes are not for the internet. */
export const DEFAULT_OPS_ADDRESS: OpsAddress = { host: "127.0.0.1", port: 9464 };
