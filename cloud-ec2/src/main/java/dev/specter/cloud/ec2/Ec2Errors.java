package dev.specter.cloud.ec2;

import dev.specter.cloud.CloudErrorKind;
import dev.specter.cloud.CloudException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

import java.util.Set;

/**
 * Sorts EC2's error codes into the SPI's kinds, which decide what the control loop does next:
 * overflow to another site, back off, stop and tell the user, or describe to find out.
 */
final class Ec2Errors {
    private static final Set<String> CAPACITY = Set.of("InsufficientInstanceCapacity", "InstanceLimitExceeded",
            "VcpuLimitExceeded", "InsufficientFreeAddressesInSubnet", "InsufficientCapacity",
            "InsufficientHostCapacity", "InsufficientReservedInstanceCapacity", "MaxSpotInstanceCountExceeded");
    private static final Set<String> THROTTLED = Set.of("RequestLimitExceeded", "Throttling", "ThrottlingException",
            "TooManyRequestsException", "SlowDown");
    private static final Set<String> AUTH = Set.of("AuthFailure", "UnauthorizedOperation", "InvalidClientTokenId",
            "SignatureDoesNotMatch", "OptInRequired", "Blocked", "PendingVerification", "AccessDenied",
            "AccessDeniedException", "ExpiredToken", "RequestExpired");
    private static final Set<String> TRANSIENT = Set.of("InternalError", "InternalFailure", "ServiceUnavailable",
            "Unavailable", "RequestTimeout", "RequestTimeoutException");

    private Ec2Errors() {
    }

    /** The EC2 error code of a failure, or null when the cloud did not answer with one. */
    static String code(SdkException e) {
        if (e instanceof AwsServiceException ase) {
            AwsErrorDetails d = ase.awsErrorDetails();
            return d == null ? null : d.errorCode();
        }
        return null;
    }

    /** The EC2 error code behind a classified failure, or null. */
    static String code(CloudException e) {
        return e.getCause() instanceof SdkException se ? code(se) : null;
    }

    static CloudErrorKind kind(SdkException e) {
        String code = code(e);
        if (code != null) {
            if (CAPACITY.contains(code)) {
                return CloudErrorKind.CAPACITY;
            }
            if (THROTTLED.contains(code)) {
                return CloudErrorKind.THROTTLED;
            }
            if (AUTH.contains(code)) {
                return CloudErrorKind.AUTH;
            }
            if (TRANSIENT.contains(code)) {
                return CloudErrorKind.TRANSIENT;
            }
        }
        if (e instanceof SdkServiceException se) {
            int status = se.statusCode();
            if (status == 429 || status == 503 && code == null) {
                return CloudErrorKind.THROTTLED;
            }
            if (status >= 500 || status == 0) {
                return CloudErrorKind.TRANSIENT;
            }
            if (status == 401 || status == 403) {
                return CloudErrorKind.AUTH;
            }
            // InvalidAMIID.*, InvalidParameterValue, InvalidKeyPair.NotFound, InvalidSubnetID.NotFound...:
            // the request is wrong for this site and would fail the same way again
            return CloudErrorKind.INVALID_CONFIG;
        }
        // no answer from the cloud: connection refused or reset, DNS, timeouts
        return CloudErrorKind.TRANSIENT;
    }

    /** The failure as the SPI's exception, with a message fit for the user's activity log (no secrets). */
    static CloudException classify(String operation, String site, SdkException e) {
        String code = code(e);
        String text;
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                && ase.awsErrorDetails().errorMessage() != null) {
            text = ase.awsErrorDetails().errorMessage();
        } else if (e instanceof SdkServiceException) {
            text = "an answer that is not an EC2 error";
        } else if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            text = "no answer in time";
        } else {
            text = e.getMessage();
        }
        String status = e instanceof SdkServiceException se && se.statusCode() > 0 ? " (HTTP " + se.statusCode() + ")" : "";
        String message = (code == null || code.isBlank() ? "" : code + ": ") + text + status + " [" + operation + " at "
                + site + "]";
        return new CloudException(kind(e), message, e);
    }
}
