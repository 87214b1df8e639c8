import { describe, expect, it } from 'vitest';
import { connectionErrorToAppError, sqlStateOf } from '../../../src/main/db/db-errors';

const profile = { host: 'db.example.org', port: 5433, user: 'portal', database: 'sales' };

function errorWith(code: string, message = 'x'): Error {
  return Object.assign(new Error(message), { code });
}

describe('connection errors', () => {
  it('says which server is unreachable and why, without secrets', () => {
    const e = connectionErrorToAppError(
      errorWith('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:5433'),
      profile,
    );
    expect(e?.code).toBe('DB_UNAVAILABLE');
    expect(e?.message).toBe(
      'The PostgreSQL server at db.example.org:5433 is not reachable (ECONNREFUSED). Check that it is running ' +
        'and that host and port in the connection profile are right.',
    );
  });

  it('names wrong logins, missing databases, dropped connections and timeouts', () => {
    expect(connectionErrorToAppError(errorWith('28P01'), profile)?.message).toContain(
      'refused the login of user "portal"',
    );
    expect(connectionErrorToAppError(errorWith('3D000'), profile)?.message).toContain(
      'has no database "sales"',
    );
    expect(connectionErrorToAppError(errorWith('57P01'), profile)?.message).toContain('connection to');
    expect(connectionErrorToAppError(new Error('Connection terminated unexpectedly'), profile)?.code).toBe(
      'DB_UNAVAILABLE',
    );
    expect(
      connectionErrorToAppError(new Error('timeout exceeded when trying to connect'), profile)?.message,
    ).toContain('did not answer in time');
  });

  it('leaves ordinary SQL errors alone', () => {
    expect(connectionErrorToAppError(errorWith('23505', 'duplicate key'), profile)).toBeUndefined();
    expect(connectionErrorToAppError(errorWith('PT409', 'stale'), profile)).toBeUndefined();
    expect(sqlStateOf(errorWith('PT409'))).toBe('PT409');
    expect(sqlStateOf(errorWith('ECONNREFUSED'))).toBeUndefined();
    expect(sqlStateOf(null)).toBeUndefined();
  });
});
