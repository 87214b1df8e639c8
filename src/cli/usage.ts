export const USAGE = `portal — run and inspect the sales pipeline in Fabric from a terminal

usage: portal <command> [options]

commands:
  runs start --input <path> [--param k=v]... [--wait]   check the workbook, take the lock, start a run
  runs list [--status s,s] [--from iso] [--to iso] [--requested-by u] [--input name] [--text t]
            [--limit n] [--offset n] [--sort createdAt|finishedAt|status|requestedBy|inputName] [--asc]
  runs show <run_id> [--wait]                           one run (--wait: monitor it until it ends)
  runs events <run_id>                                  its audit events
  runs cancel <run_id>                                  ask Fabric to cancel it
  lock show                                             who holds the run lock
  lock release --reason <text>                          force-release the lock (audited)
  results show [--run <run_id>]                         KPIs of the current results or of one run
  restore <run_id> [--reason <text>]                    make a completed run the current results
  files list                                            workbooks in Files/import
  files upload <local.xlsx> [--as <name.xlsx>]          upload a workbook to Files/import
  inspect <path> [--rows n]                             first rows, schema and rule results

options:
  --json                 one JSON document on stdout (errors too, as {"error": {code, message, hint}})
  --profile <name>       a saved Fabric profile (secrets from the OS keychain)
  --secrets-toml <path>  the old portal's .streamlit/secrets.toml
  --data-dir <dir>       app data folder (default $PORTAL_DATA_DIR or ~/.fabric-data-portal)
  (neither --profile nor --secrets-toml: FABRIC_*, OWNER_*, PG_* environment variables, see docs/cli.md)

exit codes: 0 ok, 1 other error, 2 usage, 3 locked, 4 not found, 5 Fabric error, 6 database unavailable
`;
