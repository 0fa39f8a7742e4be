package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HelloNagareTest {
    @Test
    void addsAndLearns() {
        assertEquals(3, HelloNagare.onePlusTwo());
        assertEquals(1.0, HelloNagare.learnOr());
    }
}
