//! scratchnet's native kernels: float32 NCHW convolution, pooling and GEMM for Node, through N-API.

pub mod adam;
pub mod adam_binding;
pub mod avg_pool;
pub mod batch_sum;
pub mod bindings;
pub mod call_args;
pub mod conv;
pub mod conv_adjoint;
pub mod conv_blocked;
pub mod conv_blocked_weight;
pub mod conv_direct;
pub mod conv_geometry;
pub mod conv_im2col;
pub mod conv_scratch;
pub mod conv_winograd;
pub mod conv_winograd_weight;
pub mod dims;
pub mod error;
pub mod geometry_fields_binding;
pub mod im2col;
pub mod js_values;
pub mod lanes;
pub mod matmul;
pub mod max_pool;
pub mod max_pool_2x2;
pub mod plan_binding;
pub mod pool_geometry;
pub mod relu;
pub mod relu_binding;
pub mod scratch;
pub mod scratch_cache;
pub mod sgemm;
pub mod simd;
pub mod simd_dispatch;
pub mod threads;
pub mod typed_array;
pub mod vec16;
pub mod window;
pub mod winograd_tiles;
pub mod winograd_transforms;

#[cfg(test)]
mod tests;
