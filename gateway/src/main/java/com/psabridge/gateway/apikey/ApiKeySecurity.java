package com.psabridge.gateway.apikey;

import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.gateway.problem.Problems;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.server.ServerWebExchange;

/**
 * Every {@code /v1} call carries {@code Authorization: Bearer <api key>}. Authorization
 * follows the path: enqueueing needs {@code enqueue}, reading {@code read} and everything
 * else on a tenant {@code admin}, each on the tenant in the path; managing API keys needs
 * {@code admin} on every tenant, so a tenant's admin cannot mint keys for other tenants.
 * Failures are problems: 401 (with {@code WWW-Authenticate: Bearer}), 403, or 503 when
 * the keys cannot be read.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class ApiKeySecurity {

	private static final String BEARER = "bearer ";

	/**
	 * No observation around each security filter, authentication and authorization:
	 * nothing reads them, and with the wrappers gone (with the enqueue rule first) the
	 * gateway answers a request with about 7 % less CPU (docs/benchmarks.md, "Ingest:
	 * where the CPU goes; ANALYZE; Spring Security's share");
	 * {@code http_server_requests} still times every request.
	 */
	@Bean
	static SecurityObservationSettings noSecurityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	SecurityWebFilterChain apiKeyFilterChain(ServerHttpSecurity http, ApiKeyAuthenticationManager keys,
			ObjectMapper json) {
		AuthenticationWebFilter bearer = new AuthenticationWebFilter(keys);
		bearer.setServerAuthenticationConverter(ApiKeySecurity::presentedKey);
		bearer.setAuthenticationFailureHandler((filterExchange, ex) -> refuse(filterExchange.getExchange(), ex, json));
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
			.exceptionHandling(
					(handling) -> handling.authenticationEntryPoint((exchange, ex) -> refuse(exchange, ex, json))
						.accessDeniedHandler((exchange, ex) -> Problems.write(exchange,
								Problems.problem(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Forbidden",
										"The API key does not have the role or the tenant this call needs."),
								json)))
			// Rules are tried in order, each a matcher of its own: the enqueue calls,
			// nearly all of the traffic, come first.
			.authorizeExchange((exchange) -> exchange
				.pathMatchers(HttpMethod.POST, "/v1/tenants/{tenantId}/ticket-notes",
						"/v1/tenants/{tenantId}/time-entries")
				.access(tenant(Role.ENQUEUE))
				.pathMatchers("/actuator/**")
				.permitAll()
				// The API's description and its UI hold no tenant data.
				.pathMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
						"/webjars/swagger-ui/**")
				.permitAll()
				.pathMatchers("/v1/api-keys", "/v1/api-keys/**")
				.access(everyTenant(Role.ADMIN))
				.pathMatchers(HttpMethod.GET, "/v1/tenants/{tenantId}/requests", "/v1/tenants/{tenantId}/requests/**")
				.access(tenant(Role.READ))
				.pathMatchers("/v1/tenants/{tenantId}/**")
				.access(tenant(Role.ADMIN))
				.anyExchange()
				.authenticated())
			.build();
	}

	/** The key after {@code Bearer }; no header (or another scheme) means no key. */
	private static Mono<Authentication> presentedKey(ServerWebExchange exchange) {
		String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return Mono.empty();
		}
		String key = header.substring(BEARER.length()).trim();
		return key.isEmpty() ? Mono.error(new BadCredentialsException("Empty bearer token"))
				: Mono.just(ApiKeyAuthentication.presented(key));
	}

	private static Mono<Void> refuse(ServerWebExchange exchange, AuthenticationException ex, ObjectMapper json) {
		if (ex instanceof AuthenticationServiceException) {
			exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
			return Problems.write(exchange, Problems.databaseUnavailable(), json);
		}
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		String detail = (ex instanceof BadCredentialsException) ? "The API key is unknown or revoked."
				: "Send an API key as Authorization: Bearer <key>.";
		return Problems.write(exchange,
				Problems.problem(HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED, "Unauthorized", detail), json);
	}

	private static ReactiveAuthorizationManager<AuthorizationContext> tenant(Role role) {
		return (authentication, context) -> decide(authentication,
				(key) -> key.allows(role, (String) context.getVariables().get("tenantId")));
	}

	private static ReactiveAuthorizationManager<AuthorizationContext> everyTenant(Role role) {
		return (authentication, context) -> decide(authentication, (key) -> key.allowsEverywhere(role));
	}

	private static Mono<AuthorizationDecision> decide(Mono<Authentication> authentication, Predicate<ApiKey> rule) {
		return authentication.filter(ApiKeyAuthentication.class::isInstance)
			.map((granted) -> new AuthorizationDecision(rule.test(((ApiKeyAuthentication) granted).key())))
			.defaultIfEmpty(new AuthorizationDecision(false));
	}

}
