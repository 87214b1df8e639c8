import pg from 'pg';
import type { DbProfile } from './db';

const INT8_OID = 20;

// Fencing tokens and event ids are int8; as numbers they compare and serialise like PGlite's, so code and
// IPC never see the driver difference. 2^53 is far beyond any count this app will reach.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** pg client settings for a profile; shared by the pool and the dedicated LISTEN connection. */
export function pgClientConfig(profile: DbProfile, applicationName: string): pg.ClientConfig {
  return {
    host: profile.host,
    port: profile.port,
    database: profile.database,
    user: profile.user,
    password: profile.password,
    ssl: profile.ssl === false ? false : profile.ssl === true ? true : { ...profile.ssl },
    application_name: applicationName,
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    types,
  };
}
