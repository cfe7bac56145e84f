// The absl flagfile format as the services read it (--flagfile=/etc/govmetrics/flags):
// one `--name=value` (or bare `--name` for a true bool) per line, `#` comments, blank lines.

// Flags the binaries define: the common server flags and the reporting client flags, per
// the service contract (docs/deployment.md). An unknown flag in a flagfile makes absl abort
// at startup, so a misspelt flag would be a crash-looping pod.
export const COMMON_FLAGS = new Set([
  'listen', 'admin_listen', 'metrics_listen', 'reflection', 'max_message_mb',
  'tls_cert', 'tls_key', 'tls_client_ca', 'auth_tokens_file', 'drain_seconds',
  'max_rows', 'max_columns', 'max_replications', 'max_concurrent_rpcs', 'threads',
  'allow_insecure_tokens', 'max_connection_age_seconds', 'access_policy_file',
  'reload_check_seconds', 'inline_max_cells',
]);
export const REPORTING_FLAGS = new Set([
  'index_target', 'modeling_target',
  'downstream_tls_cert', 'downstream_tls_key', 'downstream_ca',
]);
// Compute by reference (index, modeling, reporting): common/workspace_client.
export const WORKSPACE_CLIENT_FLAGS = new Set([
  'workspace_address', 'workspace_tls_cert', 'workspace_tls_key', 'workspace_ca', 'dataset_cache_mb',
]);
export const WORKSPACE_FLAGS = new Set([
  'database', 'data_dir', 'database_password_file', 'database_connections', 'database_connect_seconds',
  'reporting_target', 'study_workers', 'lease_seconds', 'max_study_attempts', 'upload_timeout_seconds',
  'downstream_tls_cert', 'downstream_tls_key', 'downstream_ca',
]);

// The HTTP/JSON gateway (services/gateway/main.cc); it reads no dataset itself.
export const GATEWAY_FLAGS = new Set([
  'backends', 'max_body_mb', 'cors_allowed_origins', 'default_timeout_seconds', 'max_timeout_seconds', 'sse_keepalive_seconds',
  'downstream_tls_cert', 'downstream_tls_key', 'downstream_ca',
]);

export const DEFAULT_DRAIN_SECONDS = 10;

// Returns {flags: Map(name -> value), errors: [...]}; a repeated flag is an error because
// absl silently keeps the last one, which hides mistakes in overlays.
export function parseFlagfile(text) {
  const flags = new Map();
  const errors = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = line.match(/^--([A-Za-z0-9_]+)(?:=(.*))?$/);
    if (!m) {
      errors.push(`line ${i + 1}: not a --flag=value line: ${line}`);
      return;
    }
    const [, name, value] = m;
    if (flags.has(name)) errors.push(`line ${i + 1}: --${name} given twice`);
    flags.set(name, value === undefined ? 'true' : value);
  });
  return { flags, errors };
}

export function knownFlagsFor(binary) {
  const known = new Set(COMMON_FLAGS);
  if (binary === 'govmetrics-reporting') for (const f of REPORTING_FLAGS) known.add(f);
  if (binary === 'govmetrics-workspace') for (const f of WORKSPACE_FLAGS) known.add(f);
  else if (binary === 'govmetrics-gateway') for (const f of GATEWAY_FLAGS) known.add(f);
  else for (const f of WORKSPACE_CLIENT_FLAGS) known.add(f);
  return known;
}

// "0.0.0.0:50051" / "[::]:50051" / "dns:///host:50051" -> 50051 (or NaN).
export function portOf(address) {
  const m = String(address).match(/:(\d+)$/);
  return m ? Number(m[1]) : NaN;
}
