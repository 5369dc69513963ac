import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasBearerToken, MIN_TOKEN_LENGTH } from './bearer-token';
import { createOperatorControls } from './operator-controls';
import type { EventPublisher, OperatorControls } from './operator-controls';
import { isInvalidCommandError, parseSymbol } from './operator-command';
import type { OperatorAction, OperatorControl } from './operator-command';
import { problemTypes, sendProblem } from './problem';

export interface ControlRoutesOptions {
  /** The namespace's publisher (@mast/bus `createPublisher`), or ready-made controls. */
  readonly publisher?: EventPublisher;
  readonly controls?: OperatorControls;
  /** The bearer token every request must carry (a secret: from env or a mounted file). */
  readonly token: string;
  /** Traded symbols: a control for another symbol is refused as invalid. */
  readonly symbols?: readonly string[];
  /** Route prefix; default `/v1/controls`. */
  readonly prefix?: string;
  readonly now?: () => number;
}

export class ControlRoutesConfigError extends Error {
  override readonly name = 'ControlRoutesConfigError';
}

const issuerSchema = z.string().trim().min(1).max(64).regex(/^[\w.@-]+$/, 'must be a name of letters, digits and . @ - _');
const whySchema = z.string().trim().min(3, 'must say why (at least 3 characters)').max(300);
/** `null`, `"all"` or absent: every symbol. */
const symbolField = z.union([z.string().min(1).max(40), z.null()]).optional();
const scopedBody = z.strictObject({ symbol: symbolField, issuedBy: issuerSchema, why: whySchema });
/** Flatten needs an explicit target, as in chat: `"all"` or a symbol. */
const flattenBody = z.strictObject({ symbol: z.string().min(1).max(40), issuedBy: issuerSchema, why: whySchema });
const plainBody = z.strictObject({ issuedBy: issuerSchema, why: whySchema });

const ROUTES: readonly { readonly path: string; readonly action: OperatorAction; readonly body: z.ZodType<{ symbol?: string | null; issuedBy: string; why: string }> }[] = [
  { path: '/pause', action: 'pause', body: scopedBody },
  { path: '/resume', action: 'resume', body: scopedBody },
  { path: '/flatten', action: 'flatten', body: flattenBody },
  { path: '/halt', action: 'halt', body: plainBody },
  { path: '/resume-trading', action: 'resume-trading', body: plainBody },
];

function toControl(action: OperatorAction, rawSymbol: string | null | undefined, symbols: readonly string[] | undefined): OperatorControl {
  if (action === 'halt' || action === 'resume-trading') return { action };
  const symbol = rawSymbol === undefined || rawSymbol === null || rawSymbol.toLowerCase() === 'all' ? null : parseSymbol(rawSymbol, symbols);
  return { action, symbol };
}

/**
 * POST `<prefix>/{pause,resume,flatten,halt,resume-trading}` behind a bearer token: the body is
 * validated (every bad field named in a problem+json 400), the control event is published and its
 * id returned with 202 (risk applies it asynchronously). A request without the right token gets a
 * 401 and is recorded on the log as a refused command. Registered in its own encapsulated context,
 * so its error handler and parsers do not touch the host application's.
 */
export async function registerControlRoutes(app: FastifyInstance, options: ControlRoutesOptions): Promise<void> {
  if (options.token.length < MIN_TOKEN_LENGTH) throw new ControlRoutesConfigError(`the control API token must be at least ${MIN_TOKEN_LENGTH} characters`);
  const controls =
    options.controls ??
    (options.publisher ? createOperatorControls({ publisher: options.publisher, ...(options.now ? { now: options.now } : {}) }) : undefined);
  if (!controls) throw new ControlRoutesConfigError('registerControlRoutes needs a publisher or controls');
  const { token, symbols } = options;

  await app.register(
    async (scope) => {
      scope.setErrorHandler((error: { statusCode?: number; message?: string }, _request, reply) => {
        const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
        return sendProblem(reply, {
          type: status === 500 ? 'about:blank' : problemTypes.invalidInput,
          title: status === 500 ? 'Internal error' : 'Bad request',
          status,
          // A body parser's message says what was wrong with the JSON; our own errors say nothing secret either.
          detail: status === 500 ? 'the control could not be handled' : (error.message ?? 'bad request'),
        });
      });

      const authorized = async (request: FastifyRequest, reply: FastifyReply, action: OperatorAction): Promise<boolean> => {
        if (hasBearerToken(request.headers.authorization, token)) return true;
        const detail = request.headers.authorization ? 'wrong bearer token' : 'no bearer token';
        // The attempt is audited even though it is refused; a failure to record it must not hide the 401.
        await controls.refuse({ channel: 'http', issuedBy: `http:${request.ip}`, command: `POST ${action}`, reason: 'UNAUTHORIZED', detail }).catch(() => undefined);
        sendProblem(reply.header('www-authenticate', 'Bearer'), { type: problemTypes.unauthorized, title: 'Unauthorized', status: 401, detail: `${detail}: send Authorization: Bearer <token>` });
        return false;
      };

      for (const route of ROUTES) {
        scope.post(route.path, async (request, reply) => {
          if (!(await authorized(request, reply, route.action))) return reply;
          const parsed = route.body.safeParse(request.body ?? {});
          if (!parsed.success) {
            const errors = parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
            return sendProblem(reply, { type: problemTypes.invalidInput, title: 'Invalid control', status: 400, detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors });
          }
          let control: OperatorControl;
          try {
            control = toControl(route.action, parsed.data.symbol, symbols);
          } catch (error) {
            if (!isInvalidCommandError(error)) throw error;
            return sendProblem(reply, { type: problemTypes.invalidInput, title: 'Invalid control', status: 400, detail: error.message, errors: [{ path: 'symbol', message: error.message }] });
          }
          let event;
          try {
            event = await controls.issue(control, { channel: 'http', id: parsed.data.issuedBy }, parsed.data.why);
          } catch {
            return sendProblem(reply, { type: problemTypes.unavailable, title: 'Not published', status: 503, detail: 'the control event could not be stored on the log; nothing was changed, try again' });
          }
          return reply.code(202).send({ accepted: true, eventId: event.id, type: event.type, ts: event.ts });
        });
      }
    },
    { prefix: options.prefix ?? '/v1/controls' },
  );
}
