import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LoginDocument } from '../../../gql/graphql';
import { renderPage } from '../../../../test/render';
import { safeNext } from '../hooks/safe-next';
import { LoginPage } from './LoginPage';

const variables = { email: 'admin@example.com', password: 'correct horse battery' };

async function signIn(password = variables.password) {
  const user = userEvent.setup();
  await user.type(screen.getByRole('textbox', { name: 'Email' }), variables.email);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginPage', () => {
  it('says so clearly when the password is wrong', async () => {
    renderPage(<LoginPage />, {
      path: '/admin/login',
      url: '/admin/login',
      mocks: [
        {
          request: { query: LoginDocument, variables: { ...variables, password: 'nope' } },
          result: {
            errors: [
              {
                message: 'Invalid credentials',
                extensions: { code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' },
              },
            ],
          },
        },
      ],
    });
    await signIn('nope');
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password.');
  });

  it('returns to the page the admin came from', async () => {
    renderPage(<LoginPage />, {
      path: '/admin/login',
      url: `/admin/login?next=${encodeURIComponent('/admin/audit-log?key=k1')}`,
      otherRoutes: ['/admin/audit-log'],
      mocks: [
        {
          request: { query: LoginDocument, variables },
          result: {
            data: {
              login: { __typename: 'Viewer', kind: 'ADMIN', email: variables.email, scopes: [] },
            },
          },
        },
      ],
    });
    await signIn();
    expect(await screen.findByText('Route /admin/audit-log')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/admin/audit-log?key=k1');
  });

  it('never redirects off-site after signing in', () => {
    expect(safeNext('//evil.example/x')).toBe('/admin/api-keys');
    expect(safeNext('https://evil.example')).toBe('/admin/api-keys');
    expect(safeNext(null)).toBe('/admin/api-keys');
    expect(safeNext('/graphql')).toBe('/graphql');
  });
});
