package com.psabridge.webhook.signature;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where signing keys may be fetched from and how long they are kept.
 *
 * @param cloudHosts ConnectWise's cloud hosts: a {@code key_url} on one of them is
 * fetched for any tenant (a cloud tenant's API host and its callback host differ, e.g.
 * {@code api-na} and {@code sandbox-na}); any other host must be the tenant's own site
 * @param cacheTtl how long a fetched key is used without fetching it again
 * @param cacheSize how many {@code key_url}s' keys are kept
 * @param refetchAfter a key at least this old is fetched again once when a signature does
 * not match it (ConnectWise may have rotated it); younger keys are not, so wrong
 * signatures cannot make us hammer ConnectWise
 */
@Validated
@ConfigurationProperties("psa.webhook.signing-key")
public record SigningKeyProperties(@NotNull @DefaultValue( {
		"api-na.myconnectwise.net", "api-eu.myconnectwise.net", "api-au.myconnectwise.net", "api-za.myconnectwise.net",
		"sandbox-na.myconnectwise.net", "sandbox-eu.myconnectwise.net", "sandbox-au.myconnectwise.net",
		"na.myconnectwise.net", "eu.myconnectwise.net", "au.myconnectwise.net",
		"za.myconnectwise.net" }) List<String> cloudHosts, @NotNull @DefaultValue("1h") Duration cacheTtl,
		@Min(1) @DefaultValue("1000") int cacheSize, @NotNull @DefaultValue("60s") Duration refetchAfter){

}
