import { AppShell, Burger, Button, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconCode,
  IconKey,
  IconListDetails,
  IconLogout,
  IconSettings,
  IconWebhook,
} from '@tabler/icons-react';
import { Suspense } from 'react';
import { Link, Outlet, useLocation, useOutletContext } from 'react-router';
import type { ViewerQuery } from '../gql/graphql';
import { useSignOut } from '../modules/auth/hooks/useSignOut';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { PageLoader } from './PageLoader';

const NAV = [
  { to: '/admin/api-keys', label: 'API Keys', icon: IconKey },
  { to: '/admin/audit-log', label: 'Audit log', icon: IconListDetails },
  { to: '/admin/webhooks', label: 'Webhooks', icon: IconWebhook },
  { to: '/admin/explorer', label: 'Explorer', icon: IconCode },
  { to: '/admin/settings', label: 'Settings', icon: IconSettings },
];

export function AppLayout() {
  const viewer = useOutletContext<ViewerQuery['viewer']>();
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  const { signOut, loading } = useSignOut();

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Text fw={700} size="lg" component="span">
              Keyhold
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" c="dimmed" visibleFrom="sm">
              {viewer.email}
            </Text>
            <ColorSchemeToggle />
            <Button
              variant="default"
              leftSection={<IconLogout size={16} />}
              loading={loading}
              onClick={() => void signOut()}
            >
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {NAV.map(({ to, label, icon: Icon }) => (
          <NavLink
            key={to}
            component={Link}
            to={to}
            label={label}
            leftSection={<Icon size={18} />}
            active={pathname.startsWith(to)}
            aria-current={pathname.startsWith(to) ? 'page' : undefined}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
