package com.psabridge.webhook;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Keeps the receiver's boundaries: it never touches the request queue (the gateway's and
 * the worker's), ConnectWise calls stay in {@code connectwise}, and the lower packages do
 * not reach up into the intake.
 */
class ArchitectureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.psabridge.webhook");

	@Test
	void neverUsesTheRequestQueue() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("com.psabridge.core.queue..", "com.psabridge.model.queue..",
					"com.psabridge.model.request..")
			.check(classes);
	}

	@Test
	void callsConnectWiseOnlyFromItsConnectWisePackage() {
		noClasses().that()
			.resideOutsideOfPackage("com.psabridge.webhook.connectwise..")
			.should()
			.dependOnClassesThat()
			.haveFullyQualifiedName("org.springframework.web.reactive.function.client.WebClient")
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("com.psabridge.core.connectwise.ConnectWiseClient")
			.because("ConnectWise's formats and limits are kept in one place")
			.check(classes);
	}

	@Test
	void lowerPackagesDoNotDependOnTheIntake() {
		noClasses().that()
			.resideInAnyPackage("com.psabridge.webhook.signature..", "com.psabridge.webhook.event..",
					"com.psabridge.webhook.connectwise..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.psabridge.webhook.callback..")
			.check(classes);
		noClasses().that()
			.resideInAPackage("com.psabridge.webhook.connectwise..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("com.psabridge.webhook.signature..", "com.psabridge.webhook.event..")
			.check(classes);
	}

}
