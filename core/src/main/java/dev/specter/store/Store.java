package dev.specter.store;

import java.util.function.Function;

/**
 * Everything Specter must not forget. Each repository call is atomic on its own;
 * {@link #inTransaction} groups several into one commit.
 */
public interface Store {
    UserStore users();

    CredentialStore credentials();

    LaunchConfigurationStore launchConfigurations();

    DomainStore domains();

    InstanceStore instances();

    ActivityStore activities();

    SiteHealthStore siteHealth();

    ScalingStateStore scaling();

    MetricSampleStore metricSamples();

    /** This installation's id, created on first use. */
    String installationId();

    /** Runs {@code work} against a view of this store bound to one transaction; commits when it returns. */
    <T> T inTransaction(Function<Store, T> work);
}
