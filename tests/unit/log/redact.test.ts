import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '../../../src/main/log/redact';

const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

describe('Redactor.text', () => {
  const r = new Redactor();

  it.each([
    ['a JWT anywhere in a message', `token was ${JWT} (expired)`, JWT],
    ['a Bearer header', 'Authorization: Bearer abc.def-ghi_123', 'abc.def-ghi_123'],
    ['a Basic header', 'Authorization: Basic YW5hOnB3MTIz', 'YW5hOnB3MTIz'],
    [
      'client_secret in a form body',
      'grant_type=client_credentials&client_secret=s3cr3t~val&scope=x',
      's3cr3t~val',
    ],
    ['password= in a connection string', 'Host=db;Username=app;Password=hunter22;Port=5432', 'hunter22'],
    [
      'a postgres URL with credentials',
      'connect postgres://app:p%40ss@db.example.com:5432/runs failed',
      'p%40ss',
    ],
    ['a URL password containing @', 'postgresql://app:p@ss@db:5432/x', 'p@ss'],
    [
      'an AccountKey',
      'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=QUJDREVGRw==;EndpointSuffix=x',
      'QUJDREVGRw==',
    ],
    ['a SAS signature', 'GET https://x.blob/c/f?sv=2024&sp=r&sig=abc%2Bdef%3D&se=2030', 'abc%2Bdef%3D'],
    ['a JSON password with spaces', '{"user":"a","password":"two words \\" quoted"}', 'two words'],
    ['an access_token query param', 'redirect?access_token=xyz789&state=1', 'xyz789'],
  ])('removes %s', (_label, input, secret) => {
    const out = r.text(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
  });

  it('keeps ordinary text intact', () => {
    const msg = 'Run 42 for workspace 11111111-2222-3333-4444-555555555555 moved to InProgress after 3 polls';
    expect(r.text(msg)).toBe(msg);
  });

  it('keeps prose that merely contains the word Basic', () => {
    expect(r.text('Basic checks passed')).toBe('Basic checks passed');
  });

  it('keeps the user name and host of a connection URL', () => {
    expect(r.text('postgres://app:pw@db:5432/x')).toBe(`postgres://app:${REDACTED}@db:5432/x`);
  });

  it('removes registered secret values and their URL-encoded form', () => {
    const red = new Redactor();
    red.addSecret('Zx9!very secret');
    expect(red.text('value Zx9!very secret here')).toBe(`value ${REDACTED} here`);
    expect(red.text(`q=${encodeURIComponent('Zx9!very secret')}`)).not.toContain('very');
  });

  it('replaces a longer secret whole when it contains a shorter one', () => {
    const red = new Redactor();
    red.addSecret('abcd');
    red.addSecret('xxabcdyy');
    expect(red.text('xxabcdyy')).toBe(REDACTED);
  });

  it('ignores secrets too short to replace safely', () => {
    const red = new Redactor();
    red.addSecret('ab');
    expect(red.text('about')).toBe('about');
  });
});

describe('Redactor.value', () => {
  it('drops sensitive keys and scrubs nested strings, errors and causes', () => {
    const red = new Redactor();
    red.addSecret('pg-pass-123');
    const err = new Error('auth failed for pg-pass-123', { cause: new Error(`bad ${JWT}`) });
    const out = red.value({
      headers: { Authorization: 'Bearer x', accept: 'json' },
      clientSecret: 'abc',
      list: ['ok', 'pg-pass-123'],
      err,
    });
    const text = JSON.stringify(out);
    expect(text).not.toContain('pg-pass-123');
    expect(text).not.toContain(JWT);
    expect(text).not.toContain('"abc"');
    expect(out).toMatchObject({
      headers: { Authorization: REDACTED, accept: 'json' },
      clientSecret: REDACTED,
    });
    expect(text).toContain('auth failed for');
  });

  it('survives cycles and bigints', () => {
    const a: Record<string, unknown> = { n: 10n };
    a.self = a;
    expect(new Redactor().value(a)).toEqual({ n: '10', self: '[circular]' });
  });
});
