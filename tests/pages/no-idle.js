// Test pages only: the browser never finds the page idle (requestIdleCallback never calls back),
// so the loader's idle prefetch of the app never comes and only the visitor's intent loads it.
window.requestIdleCallback = function () { return 0; };
