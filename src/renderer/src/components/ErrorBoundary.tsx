import { Button, CopyButton, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { IconAlert, IconCopy, IconRefresh } from './icons/icons';

interface Props {
  /** where the boundary sits, e.g. "Results page" or "the portal"; shown to the user and in the details */
  scope: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
  componentStack: string;
  at: string;
}

/**
 * Catches a rendering error so one broken page does not blank the whole window: says so in plain words and
 * offers the technical details to copy for support.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, componentStack: '', at: '' };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)), at: new Date().toISOString() };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    this.setState({ componentStack: info.componentStack ?? '' });
    console.error(`Rendering failed in ${this.props.scope}`, error);
  }

  private readonly reset = () => this.setState({ error: null, componentStack: '', at: '' });

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const details = [
      `Where: ${this.props.scope}`,
      `When: ${this.state.at}`,
      `Error: ${error.name}: ${error.message}`,
      `Stack:\n${error.stack ?? '(none)'}`,
      `Components:${this.state.componentStack || ' (none)'}`,
    ].join('\n');
    return (
      <Paper p="xl" role="alert" data-testid="error-boundary">
        <Stack gap="md" maw={640}>
          <Group gap="sm">
            <ThemeIcon color="red" variant="light" size="lg" aria-hidden="true">
              <IconAlert size={20} />
            </ThemeIcon>
            <Title order={2} size="h3">
              Something went wrong in {this.props.scope}
            </Title>
          </Group>
          <Text>
            This part of the portal stopped working. Your data is safe: nothing was changed. Try again, and if
            it keeps happening, copy the details and send them to your administrator.
          </Text>
          <Text size="sm" c="dimmed" ff="monospace">
            {error.message}
          </Text>
          <Group gap="sm">
            <Button leftSection={<IconRefresh size={16} />} onClick={this.reset}>
              Try again
            </Button>
            <CopyButton value={details}>
              {({ copied, copy }) => (
                <Button variant="default" leftSection={<IconCopy size={16} />} onClick={copy}>
                  {copied ? 'Copied' : 'Copy details'}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Stack>
      </Paper>
    );
  }
}
