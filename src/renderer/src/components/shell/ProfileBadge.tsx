import { Badge, Tooltip, VisuallyHidden } from '@mantine/core';
import { useAppStore } from '../../stores/context';
import { IconUser } from '../icons/icons';
import { useSignedInUser } from './use-signed-in-user';

/** Always visible: which profile (Demo or a Fabric connection) every action goes to. */
export function ProfileBadge() {
  const info = useAppStore((s) => s.info);
  const fabricId =
    info.status === 'ready' && info.value.activeProfile.kind === 'fabric'
      ? info.value.activeProfile.id
      : null;
  const user = useSignedInUser(fabricId);

  if (info.status === 'ready') {
    const { name, kind } = info.value.activeProfile;
    const tip =
      kind === 'demo'
        ? 'Demo profile: the built-in Fabric emulator and a local database. Nothing leaves this computer.'
        : `Fabric profile "${name}": runs and files go to Microsoft Fabric${user ? `, signed in as ${user.username}` : ''}.`;
    return (
      <Tooltip label={tip}>
        <Badge
          data-testid="active-profile"
          tabIndex={0}
          size="lg"
          variant="light"
          color={kind === 'demo' ? 'grape' : 'fabric'}
          leftSection={<IconUser size={14} />}
          tt="none"
        >
          <VisuallyHidden>Active profile: </VisuallyHidden>
          {name}
          {user && <VisuallyHidden>, signed in as {user.username}</VisuallyHidden>}
        </Badge>
      </Tooltip>
    );
  }

  const text = info.status === 'error' ? 'Profile unavailable' : 'Loading profile…';
  const tip = info.status === 'error' ? info.error.message : 'Asking the portal which profile is active.';
  return (
    <Tooltip label={tip}>
      <Badge
        data-testid="active-profile"
        tabIndex={0}
        size="lg"
        variant="outline"
        color={info.status === 'error' ? 'red' : 'gray'}
        tt="none"
      >
        {text}
      </Badge>
    </Tooltip>
  );
}
