import { Navigate, createBrowserRouter, type RouteObject } from 'react-router';
import { RequireAdmin } from '../modules/auth/components/RequireAdmin';
import { AppLayout } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';
import { PageLoader } from './PageLoader';

// Absolute paths and no basename: the server also hands this app to browsers at /graphql.
export const routes: RouteObject[] = [
  {
    path: '/admin/login',
    lazy: async () => ({ Component: (await import('../modules/auth/pages/LoginPage')).LoginPage }),
  },
  {
    path: '/graphql',
    lazy: async () => ({
      Component: (await import('../modules/explorer/pages/GraphqlLandingPage')).GraphqlLandingPage,
    }),
  },
  {
    Component: RequireAdmin,
    children: [
      {
        Component: AppLayout,
        children: [
          { path: '/admin', element: <Navigate to="/admin/api-keys" replace /> },
          {
            path: '/admin/api-keys',
            lazy: async () => ({
              Component: (await import('../modules/api-keys/pages/ApiKeysPage')).ApiKeysPage,
            }),
          },
          {
            path: '/admin/api-keys/create',
            lazy: async () => ({
              Component: (await import('../modules/api-keys/pages/CreateApiKeyPage'))
                .CreateApiKeyPage,
            }),
          },
          {
            path: '/admin/api-keys/:id/edit',
            lazy: async () => ({
              Component: (await import('../modules/api-keys/pages/EditApiKeyPage')).EditApiKeyPage,
            }),
          },
          {
            path: '/admin/audit-log',
            lazy: async () => ({
              Component: (await import('../modules/audit/pages/AuditLogPage')).AuditLogPage,
            }),
          },
          {
            path: '/admin/explorer',
            lazy: async () => ({
              Component: (await import('../modules/explorer/pages/ExplorerPage')).ExplorerPage,
            }),
          },
          {
            path: '/admin/settings',
            lazy: async () => ({
              Component: (await import('../modules/settings/pages/SettingsPage')).SettingsPage,
            }),
          },
          {
            path: '/admin/webhooks',
            lazy: async () => ({
              Component: (await import('../modules/webhooks/pages/WebhooksPage')).WebhooksPage,
            }),
          },
          {
            path: '/admin/webhooks/:id',
            lazy: async () => ({
              Component: (await import('../modules/webhooks/pages/WebhookPage')).WebhookPage,
            }),
          },
          { path: '/admin/*', Component: NotFoundPage },
        ],
      },
    ],
  },
  { path: '/', element: <Navigate to="/admin/api-keys" replace /> },
  { path: '*', Component: NotFoundPage },
];

export function createAppRouter() {
  // Lazy routes are not ready at the first render: without a HydrateFallback on the first
  // matched route, React Router warns on every render until they are.
  return createBrowserRouter([{ HydrateFallback: PageLoader, children: routes }]);
}
