#ifndef ORDERFLOW_CLIBPQ_SHIM_H
#define ORDERFLOW_CLIBPQ_SHIM_H

// libpq, PostgreSQL's own C client (Debian `libpq-dev`): the PostgreSQL ledger speaks to the server
// through it (Sources/OrderFlowPipeline/Postgres/), so the connection string, PGPASSWORD, ~/.pgpass
// and the sslmode parameters behave exactly as in psql.
#include <libpq-fe.h>

// The error fields are character-literal macros ('C', 'M', …), which Swift does not import.
static const int orderflow_PG_DIAG_SQLSTATE = PG_DIAG_SQLSTATE;
static const int orderflow_PG_DIAG_MESSAGE_PRIMARY = PG_DIAG_MESSAGE_PRIMARY;
static const int orderflow_PG_DIAG_MESSAGE_DETAIL = PG_DIAG_MESSAGE_DETAIL;
static const int orderflow_PG_DIAG_CONSTRAINT_NAME = PG_DIAG_CONSTRAINT_NAME;

// libpq prints the server's NOTICE and WARNING messages to stderr by default; OrderFlow's stderr
// carries its own log lines only, in their one format (Operations.md, "Logging"), so they are dropped.
static inline void orderflow_silentNotice(void *argument, const char *message) {
    (void)argument; (void)message;
}
static inline void orderflow_silenceNotices(PGconn *connection) {
    PQsetNoticeProcessor(connection, orderflow_silentNotice, NULL);
}

#endif
