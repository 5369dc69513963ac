export { parseChatControl, parseSymbol, describeControl, InvalidCommandError, isInvalidCommandError, OPERATOR_ACTIONS } from './operator-command';
export type { OperatorControl, OperatorAction, ChatControl } from './operator-command';
export { buildControlEvent, issuedBy } from './control-event';
export type { ControlEvent, ControlEventInput, Issuer } from './control-event';
export { createOperatorControls } from './operator-controls';
export type { OperatorControls, OperatorControlsOptions, EventPublisher, Refusal, RefusalReason } from './operator-controls';
export { registerControlRoutes, ControlRoutesConfigError } from './control-routes';
export type { ControlRoutesOptions } from './control-routes';
export { startControlServer } from './control-server';
export type { ControlServer, ControlServerOptions } from './control-server';
export { startHttpServer } from './http-server';
export type { HttpRoutes, HttpServer, HttpServerOptions } from './http-server';
/** The server type of HttpRoutes, for services that add routes without depending on fastify themselves. */
export type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
export { hasBearerToken, MIN_TOKEN_LENGTH } from './bearer-token';
export { sendProblem, PROBLEM_CONTENT_TYPE, problemTypes } from './problem';
export type { Problem } from './problem';
