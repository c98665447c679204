import { Button, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { Link } from 'react-router';

export function ApiKeysSkeleton() {
  return (
    <Stack gap="xs" aria-busy="true" aria-label="Loading API keys">
      {Array.from({ length: 6 }, (_, i) => (
        <Skeleton key={i} height={36} radius="sm" />
      ))}
    </Stack>
  );
}

export function ApiKeysEmpty({
  search,
  onClearSearch,
}: {
  search: string;
  onClearSearch: () => void;
}) {
  if (search) {
    return (
      <Paper withBorder p="xl" ta="center">
        <Text mb="sm">No API key matches “{search}”.</Text>
        <Button variant="light" onClick={onClearSearch}>
          Clear search
        </Button>
      </Paper>
    );
  }
  return (
    <Paper withBorder p="xl">
      <Stack align="center" gap="sm">
        <IconKey size={40} stroke={1.5} aria-hidden />
        <Title order={2} size="h3">
          No API keys yet
        </Title>
        <Text c="dimmed" ta="center" maw={460}>
          API keys let scripts and other services of the panel call Keyhold. Create one per
          integration, so each can be restricted and revoked on its own.
        </Text>
        <Button component={Link} to="/admin/api-keys/create">
          Create your first API key
        </Button>
      </Stack>
    </Paper>
  );
}
