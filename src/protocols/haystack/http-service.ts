// The Haystack plug-in's part on the shared HTTP host: the API at `/api/`, with the logins (SCRAM) and
// sessions it needs, the file downloads and the web UI at `/` (haystackRoutes, server.ts).

import type { HttpService } from '../http-service.js';
import { Authenticator } from './auth/authenticator.js';
import { haystackRoutes } from './server.js';
import { DEFAULT_WEB_UI_DIR, hasWebUi } from './web-ui.js';

export const haystackHttpService: HttpService = {
  mount(host, context) {
    const { site, plugins, runtime, store, dataDir, log, webUiDir } = context;
    // The site's one Logins (throttle, audit, Security Alert), shared with the MQTT broker.
    const authenticator = new Authenticator({ store, logins: runtime.services.logins });
    host.mount(haystackRoutes, {
      site,
      plugins,
      runtime,
      log,
      authenticator,
      dataDir,
      onRequest: () => context.onRequest(),
      interfaces: () => context.interfaces(),
      ...(webUiDir !== undefined ? { webUiDir } : {}),
    });
    const ui = webUiDir === undefined ? DEFAULT_WEB_UI_DIR : webUiDir;
    return (origin) => ({
      address: `${origin}/api/`,
      // The UI is looked for when the banner is made, as the routes look for it on each request.
      banner: [`Haystack API: ${origin}/api/`, ...(hasWebUi(ui) ? [`Web UI: ${origin}/`] : [])],
    });
  },
};
