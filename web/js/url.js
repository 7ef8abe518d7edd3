// The link is the state: the URL fragment follows every setting, and a link pasted into this
// tab (only the fragment changes, so no reload) starts that run.

export function keepUrl(app) {
  const sync = () => {
    const f = app.fragment();
    if (location.hash !== f) history.replaceState(null, "", f);
  };
  app.on((what) => what.has("config") && sync());
  addEventListener("hashchange", () => app.applyLink(location.hash));
  sync();
}
