package com.psabridge.gateway;

import com.psabridge.core.connectwise.ConnectWiseClient;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Keeps the gateway's boundaries: it calls ConnectWise only to administer a tenant (test
 * its connection, match members, register its callback; deliveries are psa-worker's), and
 * its feature packages stay apart.
 */
class ModularityTests {

	private final JavaClasses gateway = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.psabridge.gateway");

	@Test
	void callsConnectWiseOnlyFromTenantAdministrationAndCallbackRegistration() {
		noClasses().that()
			.resideOutsideOfPackages("com.psabridge.gateway.tenant..", "com.psabridge.gateway.callback..")
			.should()
			.dependOnClassesThat()
			.areAssignableTo(ConnectWiseClient.class)
			.check(this.gateway);
	}

	@Test
	void keepsRequestsAndApiKeysApart() {
		noClasses().that()
			.resideInAPackage("com.psabridge.gateway.request..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.psabridge.gateway.apikey..")
			.check(this.gateway);
		noClasses().that()
			.resideInAPackage("com.psabridge.gateway.apikey..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.psabridge.gateway.request..")
			.check(this.gateway);
	}

	@Test
	void leavesProblemHandlingFreeOfFeatures() {
		noClasses().that()
			.resideInAPackage("com.psabridge.gateway.problem..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("com.psabridge.gateway.request..", "com.psabridge.gateway.apikey..",
					"com.psabridge.gateway.tenant..")
			.check(this.gateway);
	}

}
