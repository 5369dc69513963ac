CREATE SCHEMA "__mast_schema__";
--> statement-breakpoint
CREATE TABLE "__mast_schema__"."assets" (
	"symbol" text PRIMARY KEY NOT NULL,
	"qty_step" double precision,
	"min_qty" double precision,
	"last_price" double precision,
	"last_candle_ts" bigint,
	"regime" text,
	"regime_t" bigint,
	"ema_fast" double precision,
	"ema_slow" double precision,
	"rv" double precision,
	"crosses24h" integer,
	"indicators_t" bigint,
	"last_cross" text,
	"last_cross_t" bigint
);
--> statement-breakpoint
CREATE TABLE "__mast_schema__"."candles" (
	"symbol" text COLLATE "C" NOT NULL,
	"ts" bigint NOT NULL,
	"open" double precision NOT NULL,
	"high" double precision NOT NULL,
	"low" double precision NOT NULL,
	"close" double precision NOT NULL,
	"volume" double precision NOT NULL,
	CONSTRAINT "candles_pkey" PRIMARY KEY("symbol","ts")
);
--> statement-breakpoint
CREATE TABLE "__mast_schema__"."checkpoints" (
	"consumer" text NOT NULL,
	"stream" text NOT NULL,
	"last_seq" bigint NOT NULL,
	CONSTRAINT "checkpoints_pkey" PRIMARY KEY("consumer","stream")
);
--> statement-breakpoint
CREATE TABLE "__mast_schema__"."cooldowns" (
	"symbol" text PRIMARY KEY NOT NULL,
	"until" bigint NOT NULL,
	"rule" text NOT NULL,
	"since" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "__mast_schema__"."daily_performance" (
	"day" date NOT NULL,
	"symbol" text NOT NULL,
	"trades" integer DEFAULT 0 NOT NULL,
	"wins" integer DEFAULT 0 NOT NULL,
	"pnl" double precision DEFAULT 0 NOT NULL,
	"fees" double precision DEFAULT 0 NOT NULL,
	"drawdown_max" double precision,
	"equity_last" double precision,
	"balance_last" double precision,
	"loss_locked" boolean DEFAULT false NOT NULL,
	CONSTRAINT "daily_performance_pkey" PRIMARY KEY("day","symbol")
);
--> statement-breakpoint
CREATE TABLE "__mast_schema__"."entry_rejections" (
	"day" date NOT NULL,
	"symbol" text NOT NULL,
	"reason" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "entry_rejections_pkey" PRIMARY KEY("day","symbol","reason")
);
--> statement-breakpoint
CREATE TABLE "__mast_schema__"."event_trail" (
	"stream" text COLLATE "C" NOT NULL,
	"seq" bigint NOT NULL,
	"event_id" text COLLATE "C" NOT NULL,
	"type" text NOT NULL,
	"v" integer NOT NULL,
	"ts" bigint NOT NULL,
	"ts_init" bigint,
	"symbol" text,
	"source" text NOT NULL,
	"causation_id" text COLLATE "C",
	"correlation_id" text COLLATE "C",
	"data" json NOT NULL,
	CONSTRAINT "event_trail_pkey" PRIMARY KEY("stream","seq")
);
--> statement-breakpoint
CREATE TABLE "__mast_schema__"."positions" (
	"symbol" text PRIMARY KEY NOT NULL,
	"entry_t" bigint NOT NULL,
	"cross_t" bigint NOT NULL,
	"entry_price" double precision NOT NULL,
	"qty" double precision NOT NULL,
	"entry_fee" double precision NOT NULL,
	"take_profit" double precision NOT NULL,
	"stop_loss" double precision NOT NULL,
	"size_factor" double precision NOT NULL,
	"event_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "__mast_schema__"."trades" (
	"event_id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"symbol" text NOT NULL,
	"entry_ts" bigint NOT NULL,
	"entry_price" double precision NOT NULL,
	"exit_ts" bigint NOT NULL,
	"exit_price" double precision NOT NULL,
	"qty" double precision NOT NULL,
	"reason" text NOT NULL,
	"fees" double precision NOT NULL,
	"pnl" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "__mast_schema__"."trading_state" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"state" text DEFAULT 'ACTIVE' NOT NULL,
	"halted" boolean DEFAULT false NOT NULL,
	"state_t" bigint,
	"drawdown" double precision,
	"equity" double precision,
	"peak" double precision,
	"exposure" double precision,
	"risk_balance" double precision,
	"equity_t" bigint,
	"blocked_until" bigint,
	"size_factor" double precision DEFAULT 1 NOT NULL,
	"daily_loss_locked" boolean DEFAULT false NOT NULL,
	"daily_loss_day" integer,
	"day_start_equity" double precision,
	"balance" double precision,
	"balance_equity" double precision,
	"balance_ts" bigint,
	"trades" integer DEFAULT 0 NOT NULL,
	"wins" integer DEFAULT 0 NOT NULL,
	"realized_pnl" double precision DEFAULT 0 NOT NULL,
	"fees" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "trading_state_single_row" CHECK ("__mast_schema__"."trading_state"."id" = 1)
);
--> statement-breakpoint
CREATE INDEX "event_trail_event_id_idx" ON "__mast_schema__"."event_trail" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "event_trail_correlation_idx" ON "__mast_schema__"."event_trail" USING btree ("correlation_id") WHERE "__mast_schema__"."event_trail"."correlation_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "trades_exit_idx" ON "__mast_schema__"."trades" USING btree ("exit_ts","seq");--> statement-breakpoint
CREATE INDEX "trades_symbol_exit_idx" ON "__mast_schema__"."trades" USING btree ("symbol","exit_ts","seq");