// Small browser helpers the pages call through JS interop.
window.partyPortal = {
  copy: (text) => navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.resolve(),
  // The phone's position, or why there is none: 'denied', 'timeout', 'unavailable'.
  locate: (timeoutMs) => new Promise((resolve) => {
    if (!navigator.geolocation) { resolve({ error: 'unavailable' }); return; }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy }),
      (e) => resolve({ error: e.code === 1 ? 'denied' : e.code === 3 ? 'timeout' : 'unavailable' }),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 0 });
  }),
};
// One id per browser (the phone), kept across visits: the service flags two cadres checking in on one phone.
window.partyPortal.deviceId = () => {
  let id = localStorage.getItem('party.deviceId');
  if (!id) { id = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()); localStorage.setItem('party.deviceId', id); }
  return id;
};
