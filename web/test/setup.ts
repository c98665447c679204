import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Rendering a 25-row Mantine table in jsdom can take well over a second when both cores are
// busy (CI runs several suites at once); the default 1 s for findBy*/waitFor made pages flaky.
configure({ asyncUtilTimeout: 10_000 });

// jsdom lacks the layout APIs Mantine's overlays and scroll areas call.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver = ResizeObserverStub;
window.HTMLElement.prototype.scrollIntoView = () => undefined;
