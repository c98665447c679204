import { createTheme, darken, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 6 under white text is below WCAG AA (4.5:1) for indigo, red and green; 8 is above.
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  defaultRadius: 'md',
  components: {
    // Every × button is named for what it closes (the default ones have no accessible name).
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } } },
  },
});

/**
 * Text colours that meet WCAG AA on light backgrounds: Mantine's dimmed grey (#868e96, 3.3:1
 * on white) and its light badge/alert text (shade 6 on a tint) are too pale.
 */
// Hues that stay light even at shade 9.
const PALE = new Set(['yellow', 'orange', 'lime']);

export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': t.colors.gray[7],
    '--mantine-color-placeholder': '#6b7280',
    // Field errors: red 6 on white is 3.3:1.
    '--mantine-color-error': t.colors.red[9],
    ...Object.fromEntries(
      Object.keys(t.colors)
        .filter((c) => c !== 'dark')
        .map((c) => [
          `--mantine-color-${c}-light-color`,
          darken(t.colors[c][9], PALE.has(c) ? 0.4 : 0.2),
        ]),
    ),
  },
  // #828282 on the dark body is 4.0:1; dark[1] is 8:1.
  dark: {
    '--mantine-color-dimmed': t.colors.dark[1],
    '--mantine-color-placeholder': '#9a9a9a',
    '--mantine-color-error': t.colors.red[4],
  },
});
