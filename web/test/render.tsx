import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { theme } from '../src/app/theme';

/** Shows the current URL so tests can assert what the page put in it. */
function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

interface Options {
  path: string;
  url: string;
  mocks?: MockLink.MockedResponse[];
  /** Other routes the page may navigate to, rendered as a plain marker. */
  otherRoutes?: string[];
}

export function renderPage(
  page: ReactElement,
  { path, url, mocks = [], otherRoutes = [] }: Options,
) {
  return render(
    <MockedProvider mocks={mocks}>
      <MantineProvider theme={theme} env="test">
        <Notifications />
        <MemoryRouter initialEntries={[url]}>
          <Routes>
            <Route path={path} element={page} />
            {otherRoutes.map((p) => (
              <Route key={p} path={p} element={<p>Route {p}</p>} />
            ))}
          </Routes>
          <LocationProbe />
        </MemoryRouter>
      </MantineProvider>
    </MockedProvider>,
  );
}
