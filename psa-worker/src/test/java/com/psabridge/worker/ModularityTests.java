package com.psabridge.worker;

import com.psabridge.core.connectwise.ConnectWiseClient;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Keeps the worker's boundaries: only delivery calls ConnectWise, the relay knows nothing
 * of ConnectWise, and site protection knows nothing of requests.
 */
class ModularityTests {

	private final JavaClasses worker = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.psabridge.worker");

	@Test
	void onlyDeliveryCallsConnectWise() {
		noClasses().that()
			.resideOutsideOfPackage("com.psabridge.worker.delivery..")
			.should()
			.dependOnClassesThat()
			.areAssignableTo(ConnectWiseClient.class)
			.check(this.worker);
	}

	@Test
	void retrySchedulingDoesNotDependOnDelivery() {
		noClasses().that()
			.resideInAPackage("com.psabridge.worker.retry..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.psabridge.worker.delivery..")
			.check(this.worker);
	}

	@Test
	void siteProtectionDoesNotDependOnRequests() {
		noClasses().that()
			.resideInAPackage("com.psabridge.worker.site..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("com.psabridge.worker.delivery..", "com.psabridge.worker.retry..",
					"com.psabridge.model.request..")
			.check(this.worker);
	}

	@Test
	void neverReachesIntoAnotherService() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("com.psabridge.gateway..", "com.psabridge.webhook..")
			.check(this.worker);
	}

}
