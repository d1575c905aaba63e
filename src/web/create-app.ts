import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import compression from 'compression';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { apiRoutes } from './api-routes.js';
import { entityRoutes } from './entity-routes.js';
import { followRoutes } from './follow-routes.js';
import type { AppDeps } from './app-deps.js';
import { errorHandler, notFound } from './error-handlers.js';
import { packageRoot } from './package-root.js';
import { pageRoutes } from './page-routes.js';

export type { AppDeps } from './app-deps.js';

const ROOT = packageRoot();

/** The Express app: pages, JSON API, static files. Listening is the caller's business. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('views', join(ROOT, 'views'));
  app.set('view engine', 'ejs');
  app.set('query parser', 'simple');
  app.use(
    pinoHttp({
      logger: deps.logger,
      // health checks poll every few seconds; a 503 while the index loads is expected
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.slice(0, 300) }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      customSuccessMessage: (req, res, ms) => `${req.method} ${(req.url ?? '').slice(0, 200)} ${res.statusCode} ${Math.round(ms)}ms`,
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(compression());
  app.use('/static', express.static(join(ROOT, 'static'), { maxAge: '1h', index: false, dotfiles: 'ignore', fallthrough: true }));
  app.use(followRoutes(deps));
  app.use(entityRoutes(deps));
  app.use(apiRoutes(deps));
  app.use(pageRoutes(deps));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
