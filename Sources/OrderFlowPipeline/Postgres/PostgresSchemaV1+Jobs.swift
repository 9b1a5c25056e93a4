extension PostgresSchemaV1 {
    /// What the `reconcile`, `provision` and trial rules record (SQLite v4 and v5).
    static let jobTables = """
        CREATE TABLE trial_uses (
            reseller text NOT NULL,
            email text NOT NULL,
            plan_id text NOT NULL,
            subscription_id text NOT NULL,
            PRIMARY KEY (reseller, email, plan_id)
        );
        CREATE TABLE statement_lines (
            reseller text NOT NULL,
            identity text NOT NULL,
            batch_key bigint NOT NULL REFERENCES batches,
            seq bigint NOT NULL,
            PRIMARY KEY (reseller, identity)
        );
        CREATE TABLE reconciliation_rows (
            batch_key bigint NOT NULL REFERENCES batches,
            seq bigint NOT NULL,
            line bigint,
            booking_date text,
            amount bigint,
            currency text,
            minor_units bigint,
            reference text,
            payer text,
            bank_reference text,
            outcome text NOT NULL,
            payment_id text,
            sales_order_id text,
            account_id text,
            amount_applied bigint,
            balance_credited bigint,
            payment_status text,
            due_date text,
            message text,
            PRIMARY KEY (batch_key, seq)
        );
        CREATE TABLE approval_rows (
            batch_key bigint NOT NULL REFERENCES batches,
            seq bigint NOT NULL,
            sales_order_id text NOT NULL,
            line bigint NOT NULL,
            decision text NOT NULL,
            outcome text NOT NULL,
            error_code text,
            error_field text,
            error_message text,
            PRIMARY KEY (batch_key, seq)
        );
        CREATE TABLE trial_ends (
            subscription_id text PRIMARY KEY,
            batch_key bigint NOT NULL REFERENCES batches,
            position bigint NOT NULL,
            account_id text,
            plan text NOT NULL,
            trial_start text NOT NULL,
            trial_end text NOT NULL,
            converted_to text
        );
        CREATE INDEX trial_ends_batch ON trial_ends (batch_key, position);
        CREATE TABLE account_balances (
            account_id text NOT NULL,
            currency text NOT NULL,
            amount bigint NOT NULL,
            PRIMARY KEY (account_id, currency)
        );
        CREATE TABLE batch_activations (
            batch_key bigint NOT NULL REFERENCES batches,
            position bigint NOT NULL,
            sales_order_id text NOT NULL,
            subscription_id text,
            sales_order_status text NOT NULL,
            subscription_status text,
            service_start text,
            service_end text,
            PRIMARY KEY (batch_key, position)
        );
        CREATE TABLE batch_charges (
            batch_key bigint NOT NULL REFERENCES batches,
            position bigint NOT NULL,
            subscription_id text NOT NULL,
            sales_order_id text NOT NULL,
            service_start text NOT NULL,
            service_end text NOT NULL,
            currency text NOT NULL,
            net bigint NOT NULL,
            tax bigint NOT NULL,
            total bigint NOT NULL,
            PRIMARY KEY (batch_key, position)
        );
        CREATE TABLE batch_events (
            batch_key bigint NOT NULL REFERENCES batches,
            position bigint NOT NULL,
            event text NOT NULL,
            sales_order_id text,
            subscription_id text NOT NULL,
            account_id text,
            product text NOT NULL,
            plan text NOT NULL,
            domain text,
            setup text,
            PRIMARY KEY (batch_key, position)
        );
        """

    /// Usage drops and the `billing` job (SQLite v6).
    static let billingTables = """
        CREATE TABLE usage_rows (
            reseller text NOT NULL,
            subscription_id text NOT NULL,
            date text NOT NULL,
            resource_id text NOT NULL,
            quantity bigint NOT NULL,
            batch_key bigint NOT NULL REFERENCES batches,
            seq bigint NOT NULL
        );
        CREATE INDEX usage_rows_by_subscription ON usage_rows (subscription_id, date);
        CREATE TABLE usage_results (
            batch_key bigint NOT NULL REFERENCES batches,
            seq bigint NOT NULL,
            line bigint NOT NULL,
            subscription_id text,
            date text,
            resource text,
            quantity text,
            outcome text NOT NULL,
            error_code text,
            error_field text,
            error_message text,
            source text,
            diagnostics text,
            PRIMARY KEY (batch_key, seq)
        );
        CREATE TABLE billing_months (
            reseller text NOT NULL,
            month text NOT NULL,
            batch_key bigint NOT NULL REFERENCES batches,
            run_date text NOT NULL,
            published boolean NOT NULL DEFAULT false,
            PRIMARY KEY (reseller, month)
        );
        CREATE TABLE subscription_bills (
            batch_key bigint NOT NULL REFERENCES batches,
            position bigint NOT NULL,
            subscription_id text NOT NULL,
            account_id text,
            month text NOT NULL,
            outcome text NOT NULL,
            sales_order_id text,
            currency text,
            net bigint,
            tax bigint,
            total bigint,
            payment_id text,
            invoice_number text,
            error_code text,
            error_message text,
            PRIMARY KEY (batch_key, position)
        );
        CREATE INDEX subscription_bills_month ON subscription_bills (subscription_id, month);
        CREATE TABLE batch_suspensions (
            batch_key bigint NOT NULL REFERENCES batches,
            position bigint NOT NULL,
            subscription_id text NOT NULL,
            account_id text,
            debt bigint NOT NULL,
            currency text NOT NULL,
            threshold bigint NOT NULL,
            PRIMARY KEY (batch_key, position)
        );
        CREATE TABLE subscription_history (
            subscription_id text NOT NULL,
            until text NOT NULL,
            cause text NOT NULL,
            period_id text NOT NULL,
            amounts text NOT NULL,
            batch_key bigint NOT NULL REFERENCES batches,
            seq bigint NOT NULL
        );
        CREATE INDEX subscription_history_by_subscription ON subscription_history (subscription_id, until);
        """
}
