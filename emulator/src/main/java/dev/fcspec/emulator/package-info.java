package dev.fcspec.emulator;
