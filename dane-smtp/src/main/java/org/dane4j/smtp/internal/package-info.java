/** Implementation details of dane-smtp; not exported, not API. */
package org.dane4j.smtp.internal;
