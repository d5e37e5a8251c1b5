package com.psabridge.worker;

import com.psabridge.core.PipelineCore;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * psa-worker: takes accepted requests off {@code psa.requests.work} and writes them to
 * the tenant's ConnectWise PSA.
 */
@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan
@Import(PipelineCore.class)
public class WorkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(WorkerApplication.class, args);
	}

}
