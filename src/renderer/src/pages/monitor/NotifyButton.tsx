import { Badge, Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { usePageStore } from '../../stores/context';

/**
 * Asks for OS notifications of run ends. Browsers only ask on a click, so this is a button; in Electron the
 * app notifies from main and nothing needs asking.
 */
export function NotifyButton() {
  const permission = usePageStore('monitor', (s) => s.notifyPermission);
  const enable = usePageStore('monitor', (s) => s.enableNotifications);
  if (permission === 'unsupported') return null;
  if (permission === 'granted') {
    return (
      <Badge
        variant="light"
        color="teal"
        size="lg"
        tt="none"
        data-testid="monitor-notify"
        data-permission={permission}
      >
        Notifications on
      </Badge>
    );
  }
  const onClick = async () => {
    const result = await enable();
    if (result === 'denied') {
      notifications.show({
        color: 'yellow',
        title: 'Notifications are blocked',
        message: 'Allow notifications for this page in the browser’s site settings, then click again.',
      });
    }
  };
  return (
    <Button
      variant="default"
      onClick={() => void onClick()}
      data-testid="monitor-notify"
      data-permission={permission}
    >
      Notify me when a run ends
    </Button>
  );
}
