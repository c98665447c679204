import { Alert, Button, Text } from '@mantine/core';

/** A query that failed with nothing to show: what failed, why, and a way to try again. */
export function LoadError({
  title,
  message,
  onRetry,
}: {
  title: string;
  message: string;
  onRetry: () => void;
}) {
  return (
    <Alert color="red" title={title} role="alert">
      <Text size="sm" mb="sm">
        {message}
      </Text>
      <Button variant="light" color="red" onClick={onRetry}>
        Retry
      </Button>
    </Alert>
  );
}
