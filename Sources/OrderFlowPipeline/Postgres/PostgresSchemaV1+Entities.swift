extension PostgresSchemaV1 {
    /// Accounts, orders, subscriptions and payments (SQLite v1, with v4's `subscriptions.setup`
    /// and `payments.paid_on`, v3's partial index of renewals and upgrades, v7's of balance payments).
    static let entityTables = """
        CREATE TABLE accounts (
            id text PRIMARY KEY,
            reseller text NOT NULL,
            account_type text NOT NULL,
            registration text NOT NULL,
            company_name text,
            vat_id text,
            contact_name text,
            contact_email text,
            country text NOT NULL,
            region text,
            city text,
            postal_code text,
            address_line1 text,
            batch_key bigint NOT NULL REFERENCES batches
        );
        CREATE TABLE subscriptions (
            id text PRIMARY KEY,
            reseller text NOT NULL,
            account_id text NOT NULL,
            product_id text NOT NULL,
            plan_id text NOT NULL,
            period_id text NOT NULL,
            period_start text NOT NULL,
            period_end text NOT NULL,
            currency text NOT NULL,
            payment_model text NOT NULL,
            status text NOT NULL,
            blocking_threshold bigint,
            domain text,
            activation_date text,
            batch_key bigint NOT NULL REFERENCES batches,
            setup text
        );
        CREATE INDEX subscriptions_domain ON subscriptions (product_id, domain);
        CREATE TABLE subscription_resources (
            subscription_id text NOT NULL REFERENCES subscriptions,
            position bigint NOT NULL,
            resource_id text NOT NULL,
            amount bigint NOT NULL,
            PRIMARY KEY (subscription_id, position)
        );
        CREATE TABLE payments (
            id text PRIMARY KEY,
            reseller text NOT NULL,
            kind text NOT NULL,
            sales_order_id text,
            account_id text,
            amount bigint NOT NULL,
            currency text NOT NULL,
            status text NOT NULL,
            due_date text NOT NULL,
            remittance_ref text NOT NULL UNIQUE,
            postponed boolean NOT NULL,
            paid bigint NOT NULL,
            batch_key bigint NOT NULL REFERENCES batches,
            paid_on text
        );
        CREATE TABLE sales_orders (
            id text PRIMARY KEY,
            reseller text NOT NULL,
            ref text NOT NULL,
            action text NOT NULL,
            status text NOT NULL,
            account_id text,
            subscription_id text,
            product_id text NOT NULL,
            plan_id text NOT NULL,
            period_id text NOT NULL,
            currency text NOT NULL,
            net bigint NOT NULL,
            tax bigint NOT NULL,
            total bigint NOT NULL,
            vat_category text,
            exchange_rate_units bigint,
            exchange_rate_scale bigint,
            rate_effective text,
            priced text,
            payment_id text REFERENCES payments,
            invoice_number text,
            credit_note_number text,
            provisioning_date text NOT NULL,
            activation_date text,
            domain text,
            batch_key bigint NOT NULL REFERENCES batches,
            seq bigint NOT NULL,
            UNIQUE (reseller, ref)
        );
        CREATE INDEX sales_orders_changes ON sales_orders (subscription_id) WHERE action <> 'order';
        CREATE INDEX payments_balance_by_order ON payments (sales_order_id) WHERE kind = 'balance';
        CREATE TABLE promo_uses (
            code text NOT NULL,
            reseller text NOT NULL,
            sales_order_id text NOT NULL REFERENCES sales_orders,
            batch_key bigint NOT NULL REFERENCES batches
        );
        CREATE INDEX promo_uses_code ON promo_uses (code, batch_key);
        """
}
