package com.psabridge.model.request;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * ConnectWise's {@code billableOption} of a time entry; the wire names are ConnectWise's
 * own.
 */
public enum BillableOption {

	BILLABLE("Billable"), DO_NOT_BILL("DoNotBill"), NO_CHARGE("NoCharge"), NO_DEFAULT("NoDefault");

	private final String connectWiseName;

	BillableOption(String connectWiseName) {
		this.connectWiseName = connectWiseName;
	}

	@JsonValue
	public String connectWiseName() {
		return this.connectWiseName;
	}

	@JsonCreator
	public static BillableOption fromConnectWiseName(String name) {
		for (BillableOption option : values()) {
			if (option.connectWiseName.equals(name)) {
				return option;
			}
		}
		throw new IllegalArgumentException("Unknown billableOption '" + name + "'");
	}

}
