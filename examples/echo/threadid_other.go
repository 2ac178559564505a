//go:build !linux

package main

// threadID is the calling OS thread's id where the platform tells it
// cheaply; elsewhere -1.
func threadID() int { return -1 }
