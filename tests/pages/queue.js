// Calls made right after kelisim.js, before the WebAssembly is ready: they must be queued.
window.__early = { consent: window.kelisim.getConsent(), ready: window.kelisim.ready,
  records: typeof window.kelisim.records, receipt: typeof window.kelisim.receipt };
window.kelisim.setConsent({ analytics: true });
// Every method exists at once (queued), these two included: calling them never throws.
window.kelisim.records();
window.kelisim.receipt();
