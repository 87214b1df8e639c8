import { describe, expect, it } from 'vitest';
import { signInPageOpener } from '../../../src/main/auth/sign-in-page-opener';

describe('signInPageOpener', () => {
  const opened: string[] = [];
  const open = signInPageOpener('https://login.microsoftonline.com', async (u) => void opened.push(u));

  it("opens the authority's own https page", async () => {
    await open('https://login.microsoftonline.com/t/oauth2/v2.0/authorize?client_id=c');
    expect(opened).toEqual(['https://login.microsoftonline.com/t/oauth2/v2.0/authorize?client_id=c']);
  });

  it.each([
    'http://login.microsoftonline.com/t/oauth2/v2.0/authorize',
    'https://login.microsoftonline.com.attacker.example/authorize',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s with what to check', async (url) => {
    await expect(open(url)).rejects.toMatchObject({ code: 'VALIDATION', hint: /authority URL/ });
  });

  it('refuses everything for a profile without an authority (Demo)', async () => {
    const none = signInPageOpener(null, async () => undefined);
    await expect(none('https://login.microsoftonline.com/x')).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
