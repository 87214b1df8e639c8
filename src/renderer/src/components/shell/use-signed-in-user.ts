import { useEffect, useState } from 'react';
import type { SignedInUserInfo } from '../../../../shared/contract/auth';
import { getPortal } from '../../portal';
import { invokeSafely } from '../../stores/invoke';

/** The analyst signed in to the active signed-in-user profile (null otherwise), following auth.changed. */
export function useSignedInUser(profileId: string | null): SignedInUserInfo | null {
  const [user, setUser] = useState<SignedInUserInfo | null>(null);
  useEffect(() => {
    if (profileId === null) return;
    const portal = getPortal();
    let live = true;
    void invokeSafely(portal, 'auth.status', {}).then((r) => {
      if (live && r.ok && r.value.profileId === profileId) setUser(r.value.user);
    });
    const off = portal.on('auth.changed', (s) => {
      if (s.profileId === profileId) setUser(s.user);
    });
    return () => {
      live = false;
      off();
    };
  }, [profileId]);
  return profileId === null ? null : user;
}
