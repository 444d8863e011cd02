// Calls made right after kelisim.js, before the WebAssembly is ready: they must be queued.
window.__early = { consent: window.kelisim.getConsent(), ready: window.kelisim.ready };
window.kelisim.setConsent({ analytics: true });
