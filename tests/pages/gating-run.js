// Test pages only: a gated script with src; records its data-run name each time it executes.
window.__runs.push(document.currentScript.getAttribute("data-run"));
