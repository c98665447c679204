import { Anchor, Box, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import { ColorSchemeToggle } from '../../../app/ColorSchemeToggle';
import { GraphiqlExplorer } from '../components/GraphiqlExplorer';

/** What a browser gets at GET /graphql: the explorer on its own, usable with an API key. */
export function GraphqlLandingPage() {
  return (
    <Box h="100dvh" style={{ display: 'flex', flexDirection: 'column' }}>
      <Group
        component="header"
        justify="space-between"
        px="md"
        py={6}
        wrap="nowrap"
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        <Text fw={700}>Keyhold API explorer</Text>
        <Group gap="sm" wrap="nowrap">
          <Text size="xs" c="dimmed" visibleFrom="sm">
            Authenticate with an admin session or X-API-Key / X-API-Secret headers
          </Text>
          <Anchor component={Link} to="/admin/api-keys" size="sm">
            Admin
          </Anchor>
          <ColorSchemeToggle />
        </Group>
      </Group>
      <Box component="main" style={{ flex: 1, minHeight: 0 }}>
        <GraphiqlExplorer showHeaders />
      </Box>
    </Box>
  );
}
