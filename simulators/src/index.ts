// The simulators run the real edge agent with virtual drivers (issue 7); nothing is exported yet.
export {};
