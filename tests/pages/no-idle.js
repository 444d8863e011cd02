// Test pages only: with `?no-idle` in the page's URL the browser never finds the page idle
// (requestIdleCallback never calls back), so the loader's idle prefetch of the app never comes
// and only the visitor's intent loads it (tests/browser_preload.rs).
if (new URLSearchParams(location.search).has("no-idle")) window.requestIdleCallback = function () { return 0; };
