/** Apart from record.ts, so that printing it (or running analyze) does not load the Kubernetes client. */
export const RECORD_USAGE = `usage: drainscope record --out FILE [--namespace N ...] [--duration D] [--context C]

  --out FILE         where to write the recording (gzip-compressed when FILE ends with .gz)
  --namespace N      watch only this namespace (repeat for several; default: all namespaces)
  --duration D       stop after D (e.g. 90s, 10m, 1h); default: until SIGINT or SIGTERM
  --context C        the kubeconfig context to use instead of the current one

exit status: 0 recorded, 2 bad arguments or no cluster to connect to
`;
