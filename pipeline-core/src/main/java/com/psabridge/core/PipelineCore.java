package com.psabridge.core;

import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * What every PSA Bridge service shares: schema, tenant store, request queue and
 * ConnectWise client. A service imports this once from its application class.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@ConfigurationPropertiesScan
public class PipelineCore {

}
