import './app/styles';
import { ApolloProvider } from '@apollo/client/react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { createApolloClient } from './app/apollo-client';
import { createAppRouter } from './app/router';
import { cssVariablesResolver, theme } from './app/theme';
import { loginPath } from './modules/auth/hooks/safe-next';

const router = createAppRouter();
const client = createApolloClient({
  onUnauthenticated: () => {
    const { pathname, search } = router.state.location;
    if (pathname.startsWith('/admin/login') || pathname === '/graphql') return;
    void client
      .clearStore()
      .then(() => router.navigate(loginPath(pathname + search), { replace: true }));
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');

createRoot(root).render(
  <StrictMode>
    <ApolloProvider client={client}>
      <MantineProvider
        theme={theme}
        cssVariablesResolver={cssVariablesResolver}
        defaultColorScheme="auto"
      >
        {/* Bottom-right never covers the header's buttons; the fixed 440 px container would
            overflow a phone screen. */}
        <Notifications
          position="bottom-right"
          limit={3}
          containerWidth="min(440px, calc(100vw - 2rem))"
        />
        <RouterProvider router={router} />
      </MantineProvider>
    </ApolloProvider>
  </StrictMode>,
);
