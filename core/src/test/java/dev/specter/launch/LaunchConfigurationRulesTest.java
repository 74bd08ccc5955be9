package dev.specter.launch;

import dev.specter.site.SiteCatalog;
import dev.specter.site.SiteDefinition;
import dev.specter.validation.InvalidInputException;
import dev.specter.validation.Limits;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchConfigurationRulesTest {
    private final LaunchConfigurationRules rules = new LaunchConfigurationRules(new SiteCatalog(List.of(
            new SiteDefinition("hotel", "sim", false, List.of("m1.small"), Map.of()),
            new SiteDefinition("sierra", "sim", false, List.of("m1.small"), Map.of()))), Limits.DEFAULT);

    private static SiteLaunchParams site(int max, int rank) {
        return new SiteLaunchParams("hello-phantom.gz", "m1.small", max, true, rank, null);
    }

    @Test
    void acceptsTheTutorialConfiguration() {
        Map<String, SiteLaunchParams> sites = new LinkedHashMap<>();
        sites.put("hotel", site(4, 1));
        sites.put("sierra", site(4, 2));
        assertThatCode(() -> rules.check("my_launch_config", sites, "none", null)).doesNotThrowAnyException();
    }

    @Test
    void rejectsDuplicateRanksNamingTheField() {
        Map<String, SiteLaunchParams> sites = new LinkedHashMap<>();
        sites.put("hotel", site(4, 1));
        sites.put("sierra", site(4, 1));
        assertThatThrownBy(() -> rules.check("lc", sites, "none", null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("rank 1")
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("cloud_params.sierra.rank");
    }

    @Test
    void rejectsUnknownSitesAndBadCounts() {
        assertThatThrownBy(() -> rules.check("lc", Map.of("nowhere", site(1, 1)), "none", null))
                .hasMessageContaining("Unknown site 'nowhere'");
        assertThatThrownBy(() -> rules.check("lc", Map.of("hotel", site(-2, 1)), "none", null))
                .hasMessageContaining("max_vms");
        assertThatThrownBy(() -> rules.check("lc", Map.of("hotel", site(100_001, 1)), "none", null))
                .hasMessageContaining("max_vms");
        assertThatThrownBy(() -> rules.check("lc", Map.of("hotel", site(1, 0)), "none", null))
                .hasMessageContaining("rank");
        assertThatThrownBy(() -> rules.check("lc", Map.of(), "none", null))
                .hasMessageContaining("at least one site");
    }

    @Test
    void rejectsOddNames() {
        for (String bad : List.of("", "a/b", "ünïcode", "x".repeat(129), "semi;colon", "..\\..")) {
            assertThatThrownBy(() -> rules.check(bad, Map.of("hotel", site(1, 1)), "none", null))
                    .as(bad).isInstanceOf(InvalidInputException.class)
                    .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("name");
        }
    }

    @Test
    void userDataNeedsTheUserDataMethod() {
        assertThatThrownBy(() -> rules.check("lc", Map.of("hotel", site(1, 1)), "none", "#!/bin/sh"))
                .hasMessageContaining("contextualization_method");
        assertThatThrownBy(() -> rules.check("lc", Map.of("hotel", site(1, 1)), "chef", null))
                .hasMessageContaining("contextualization_method");
        assertThatCode(() -> rules.check("lc", Map.of("hotel", site(1, 1)), "user_data", "#!/bin/sh"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> rules.check("lc", Map.of("hotel", site(1, 1)), "user_data", "x".repeat(16 * 1024 + 1)))
                .hasMessageContaining("limit");
    }

    /** image_id and instance_type at their column's size pass, one character more fails; 🚀 counts one. */
    @Test
    void siteTextIsLimitedToItsColumnInCharacters() {
        for (String unit : List.of("x", "\uD83D\uDE80")) {
            for (var c : Map.of("image_id", 1024, "instance_type", 256).entrySet()) {
                java.util.function.IntFunction<SiteLaunchParams> params = n -> c.getKey().equals("image_id")
                        ? new SiteLaunchParams(unit.repeat(n), "m1.small", 1, true, 1, null)
                        : new SiteLaunchParams("img", unit.repeat(n), 1, true, 1, null);
                assertThatCode(() -> rules.check("lc", Map.of("hotel", params.apply(c.getValue())), "none", null))
                        .as(c.getKey() + " at the limit in " + unit).doesNotThrowAnyException();
                assertThatThrownBy(() -> rules.check("lc", Map.of("hotel", params.apply(c.getValue() + 1)), "none", null))
                        .as(c.getKey() + " over the limit in " + unit).isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("1 to " + c.getValue() + " characters")
                        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("cloud_params.hotel." + c.getKey());
            }
        }
    }
}
